/**
 * Documents generated from code (docs/wire-formats.md), with the drift check that keeps the
 * committed copies true.
 */
package org.vmbussim.testfixtures.docs;
