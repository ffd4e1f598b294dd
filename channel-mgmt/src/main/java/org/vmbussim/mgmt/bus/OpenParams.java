package org.vmbussim.mgmt.bus;

import java.util.Arrays;
import java.util.Objects;
import org.vmbussim.mgmt.message.ChannelOfferLayout;
import org.vmbussim.mgmt.message.VmbusProtocol;

/**
 * How to open a channel ({@code vmbus_open}): the size of each ring, header page included, in bytes (multiples of
 * 4096, at least two pages each: a header and one data page), the device's open data, and the VP to interrupt.
 *
 * @param sendRingBytes    the guest-to-host ring, header included
 * @param receiveRingBytes the host-to-guest ring, header included
 * @param userData         at most 120 bytes of device open data
 * @param targetVp         the VP the host interrupts
 */
public record OpenParams(int sendRingBytes, int receiveRingBytes, byte[] userData, int targetVp) {

    /**
     * Validates and copies.
     *
     * @param sendRingBytes    send ring bytes
     * @param receiveRingBytes receive ring bytes
     * @param userData         open data
     * @param targetVp         target VP
     */
    public OpenParams {
        checkRing("sendRingBytes", sendRingBytes);
        checkRing("receiveRingBytes", receiveRingBytes);
        Objects.requireNonNull(userData, "userData");
        if (userData.length > ChannelOfferLayout.MAX_USER_DEFINED_BYTES) {
            throw new IllegalArgumentException("userData.length=" + userData.length + " (expected: <= "
                    + ChannelOfferLayout.MAX_USER_DEFINED_BYTES + ")");
        }
        if (targetVp < 0) {
            throw new IllegalArgumentException("targetVp=" + targetVp + " (expected: >= 0)");
        }
        userData = userData.clone();
    }

    /**
     * Rings of the same size, no open data, interrupts to VP 0.
     *
     * @param ringBytes each ring's size, header included
     * @return the parameters
     */
    public static OpenParams symmetric(final int ringBytes) {
        return new OpenParams(ringBytes, ringBytes, new byte[0], VmbusProtocol.CONNECT_CPU);
    }

    private static void checkRing(final String name, final int bytes) {
        if (bytes < 2 * VmbusProtocol.HV_PAGE_SIZE || bytes % VmbusProtocol.HV_PAGE_SIZE != 0) {
            throw new IllegalArgumentException(name + "=" + bytes
                    + " (expected: a multiple of 4096, at least 8192: a header page and a data page)");
        }
    }

    /**
     * The open data.
     *
     * @return a copy
     */
    @Override
    public byte[] userData() {
        return userData.clone();
    }

    /**
     * Pages of the send ring.
     *
     * @return pages
     */
    public int sendRingPages() {
        return sendRingBytes / VmbusProtocol.HV_PAGE_SIZE;
    }

    /**
     * Pages of both rings.
     *
     * @return pages
     */
    public int totalPages() {
        return (sendRingBytes + receiveRingBytes) / VmbusProtocol.HV_PAGE_SIZE;
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof OpenParams other && sendRingBytes == other.sendRingBytes
                && receiveRingBytes == other.receiveRingBytes && Arrays.equals(userData, other.userData)
                && targetVp == other.targetVp;
    }

    @Override
    public int hashCode() {
        return Objects.hash(sendRingBytes, receiveRingBytes, Arrays.hashCode(userData), targetVp);
    }

    @Override
    public String toString() {
        return "OpenParams[send=" + sendRingBytes + ", receive=" + receiveRingBytes + ", userData="
                + userData.length + "B, targetVp=" + targetVp + "]";
    }
}
