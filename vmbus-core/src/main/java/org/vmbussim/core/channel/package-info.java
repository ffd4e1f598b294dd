/**
 * Open VMBus channels: the ring pair in guest pages ({@link org.vmbussim.core.channel.RingPair}), one
 * side's data path ({@link org.vmbussim.core.channel.ChannelEnd}: send in-band, GPA-direct and completion
 * packets, receive callbacks, the requestor table, flow control on {@code pending_send_sz}, rescind),
 * and signalling between the two sides through a {@link org.vmbussim.core.sched.Scheduler}.
 *
 * @see <a href="https://github.com/torvalds/linux/blob/master/drivers/hv/channel.c">Linux drivers/hv/channel.c</a>
 */
package org.vmbussim.core.channel;
