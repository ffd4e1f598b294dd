/**
 * Golden byte vectors: resource files under {@code golden/} that pin each wire struct's bytes, the
 * parser for them, and the harness that checks encode(fields) == bytes and decode(bytes) == fields
 * with a side-by-side hex dump on mismatch. See README.md, "Adding a golden vector".
 */
package org.vmbussim.testfixtures.golden;
