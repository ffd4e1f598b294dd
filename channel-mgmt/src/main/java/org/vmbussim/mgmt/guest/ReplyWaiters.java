package org.vmbussim.mgmt.guest;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.vmbussim.mgmt.message.ChannelMessage;
import org.vmbussim.mgmt.message.ChannelMessageType;
import org.vmbussim.mgmt.message.GpadlCreated;
import org.vmbussim.mgmt.message.GpadlTorndown;
import org.vmbussim.mgmt.message.ModifyChannelResponse;
import org.vmbussim.mgmt.message.OpenChannelResult;
import org.vmbussim.mgmt.spi.Cancellable;
import org.vmbussim.mgmt.spi.ControlExecutor;
import org.vmbussim.uapi.Errno;
import org.vmbussim.uapi.ErrnoException;

/**
 * The guest's waiters for host replies (Linux {@code vmbus_connection.chn_msg_list}): each waits for one reply
 * type matched on the reply's relid and id (openid or GPADL handle), with a timeout, and belongs to a channel so a
 * rescind can wake it with ENODEV. Confined to the control executor.
 */
final class ReplyWaiters {
    private final ControlExecutor executor;
    private final List<Waiter> waiters = new ArrayList<>();

    ReplyWaiters(final ControlExecutor executor) {
        this.executor = executor;
    }

    /**
     * Registers a waiter; register before posting the request.
     *
     * @param type         the reply type
     * @param relid        the reply's relid, or null for any
     * @param id           the reply's openid or GPADL handle, or null for any
     * @param owner        the channel it belongs to, or null
     * @param timeoutNanos the bound
     * @param what         for the timeout message
     * @return completes with the reply; fails with ETIMEDOUT, or with the errno of {@link #failOwner}
     */
    CompletableFuture<ChannelMessage> expect(final ChannelMessageType type, final Integer relid, final Integer id,
            final Object owner, final long timeoutNanos, final String what) {
        final Waiter w = new Waiter(type, relid, id, owner);
        waiters.add(w);
        w.timer = executor.schedule(() -> {
            if (waiters.remove(w)) {
                w.future.completeExceptionally(new ErrnoException(Errno.ETIMEDOUT, what + " not answered within "
                        + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms"));
            }
        }, timeoutNanos, TimeUnit.NANOSECONDS);
        return w.future;
    }

    /**
     * Hands a reply to the first waiter that matches it.
     *
     * @param reply the reply
     * @return false when nobody waits for it
     */
    boolean complete(final ChannelMessage reply) {
        final Integer relid = relidOf(reply);
        final Integer id = idOf(reply);
        for (final Iterator<Waiter> it = waiters.iterator(); it.hasNext();) {
            final Waiter w = it.next();
            if (w.type == reply.type() && (w.relid == null || w.relid.equals(relid))
                    && (w.id == null || w.id.equals(id))) {
                it.remove();
                w.timer.cancel();
                w.future.complete(reply);
                return true;
            }
        }
        return false;
    }

    /** Drops a waiter whose request could not be posted. */
    void cancel(final CompletableFuture<ChannelMessage> future) {
        for (final Iterator<Waiter> it = waiters.iterator(); it.hasNext();) {
            final Waiter w = it.next();
            if (w.future == future) {
                it.remove();
                w.timer.cancel();
                return;
            }
        }
    }

    /** Wakes every waiter of a channel with an errno (a rescind: Linux {@code vmbus_rescind_cleanup}). */
    int failOwner(final Object owner, final Errno errno, final String why) {
        return failMatching(owner, errno, why);
    }

    /** Wakes every waiter with an errno (unload). */
    int failAll(final Errno errno, final String why) {
        return failMatching(null, errno, why);
    }

    private int failMatching(final Object owner, final Errno errno, final String why) {
        final List<Waiter> failed = new ArrayList<>();
        for (final Iterator<Waiter> it = waiters.iterator(); it.hasNext();) {
            final Waiter w = it.next();
            if (owner == null || w.owner == owner) {
                it.remove();
                w.timer.cancel();
                failed.add(w);
            }
        }
        for (final Waiter w : failed) {
            w.future.completeExceptionally(new ErrnoException(errno, why));
        }
        return failed.size();
    }

    int size() {
        return waiters.size();
    }

    private static Integer relidOf(final ChannelMessage m) {
        if (m instanceof OpenChannelResult r) {
            return r.childRelid();
        }
        if (m instanceof GpadlCreated r) {
            return r.childRelid();
        }
        if (m instanceof ModifyChannelResponse r) {
            return r.childRelid();
        }
        return null;
    }

    private static Integer idOf(final ChannelMessage m) {
        if (m instanceof OpenChannelResult r) {
            return r.openId();
        }
        if (m instanceof GpadlCreated r) {
            return r.gpadl();
        }
        if (m instanceof GpadlTorndown r) {
            return r.gpadl();
        }
        return null;
    }

    private static final class Waiter {
        private final ChannelMessageType type;
        private final Integer relid;
        private final Integer id;
        private final Object owner;
        private final CompletableFuture<ChannelMessage> future = new CompletableFuture<>();
        private Cancellable timer;

        private Waiter(final ChannelMessageType type, final Integer relid, final Integer id, final Object owner) {
            this.type = type;
            this.relid = relid;
            this.id = id;
            this.owner = owner;
        }
    }
}
