/**
 * Simulated guest user processes: pid/tgid, credentials whose identity matters (Linux
 * {@code file->f_cred == current_cred()}), and an address space of page mappings onto guest memory with
 * {@code mmap}/{@code munmap}/{@code mprotect}, reads and writes that fault like user copies, and page
 * pinning with a direction (Linux {@code get_user_pages}, {@code FOLL_WRITE}).
 */
package org.vmbussim.core.process;
