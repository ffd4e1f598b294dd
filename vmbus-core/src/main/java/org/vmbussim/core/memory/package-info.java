/**
 * Simulated guest physical memory: 4 KiB pages addressed by page frame number (PFN) from a non-zero base,
 * a page allocator, per-page pin counts, and the host's view of guest memory through PFN lists.
 *
 * <p>Models Linux's guest RAM as Hyper-V sees it: the host never holds guest virtual addresses, only
 * PFNs carried in GPA-direct packets (see {@code docs/VMBUS-REFERENCE.md} §2.3, OpenVMM
 * {@code gparange::parse}), and every PFN it receives is checked against guest RAM
 * ({@link org.vmbussim.core.memory.InvalidPfnException}).
 */
package org.vmbussim.core.memory;
