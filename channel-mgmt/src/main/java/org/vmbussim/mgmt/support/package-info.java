/**
 * Small helpers the control plane shares: a rate-limited logger for peer-triggered warnings (after Linux
 * {@code pr_err_ratelimited}) and bounded waits on the control executor.
 */
package org.vmbussim.mgmt.support;
