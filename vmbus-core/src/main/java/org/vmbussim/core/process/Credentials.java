package org.vmbussim.core.process;

/**
 * A task's credentials (Linux {@code struct cred}, reduced to uid and gid).
 *
 * <p><b>Identity is the point.</b> Like Linux creds, a {@code Credentials} object is immutable and a change
 * installs a new object ({@link SimProcess#setCredentials}); it is never mutated. The driver's check
 * "credentials unchanged since open" is Linux {@code file->f_cred == current_cred()}, i.e. a reference
 * comparison: compare with {@code ==}. {@link #equals} is deliberately <em>not</em> overridden (it is
 * identity), so two objects with the same ids are different credentials; use {@link #sameIdsAs} to
 * compare the values.
 */
public final class Credentials {
    private final int uid;
    private final int gid;

    private Credentials(final int uid, final int gid) {
        this.uid = uid;
        this.gid = gid;
    }

    /**
     * Creates a new credentials object (a new identity, even for ids seen before).
     *
     * @param uid user id, not negative (Linux uid_t without INVALID_UID)
     * @param gid group id, not negative
     * @return the credentials
     * @throws IllegalArgumentException when an id is negative
     */
    public static Credentials of(final int uid, final int gid) {
        if (uid < 0 || gid < 0) {
            throw new IllegalArgumentException("uid=" + uid + " gid=" + gid + " (expected: both >= 0)");
        }
        return new Credentials(uid, gid);
    }

    /**
     * The user id.
     *
     * @return uid
     */
    public int uid() {
        return uid;
    }

    /**
     * The group id.
     *
     * @return gid
     */
    public int gid() {
        return gid;
    }

    /**
     * Whether another credentials object carries the same ids (a value comparison, unlike {@code ==}).
     *
     * @param other another credentials object
     * @return true when uid and gid are equal
     */
    public boolean sameIdsAs(final Credentials other) {
        return other != null && other.uid == uid && other.gid == gid;
    }

    /**
     * New credentials with another uid (the old object is unchanged).
     *
     * @param newUid the uid
     * @return a new object
     */
    public Credentials withUid(final int newUid) {
        return of(newUid, gid);
    }

    @Override
    public String toString() {
        return "Credentials[uid=" + uid + " gid=" + gid + " @" + Integer.toHexString(System.identityHashCode(this))
                + "]";
    }
}
