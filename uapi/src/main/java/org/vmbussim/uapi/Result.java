package org.vmbussim.uapi;

import java.util.Objects;
import java.util.function.Function;

/**
 * Either a value or an errno: what a system call returns, without exceptions on the expected
 * failure paths.
 *
 * @param <T> the value type
 */
public sealed interface Result<T> permits Result.Ok, Result.Err {

    /**
     * A successful result.
     *
     * @param value the value
     * @param <T>   the value type
     * @return the result
     */
    static <T> Result<T> ok(final T value) {
        return new Ok<>(value);
    }

    /**
     * A failed result.
     *
     * @param errno  the error
     * @param detail which check failed
     * @param <T>    the value type
     * @return the result
     */
    static <T> Result<T> error(final Errno errno, final String detail) {
        return new Err<>(errno, detail);
    }

    /**
     * Whether this holds a value.
     *
     * @return true for {@link Ok}
     */
    boolean isOk();

    /**
     * The value, or an {@link ErrnoException} for an error.
     *
     * @return the value
     * @throws ErrnoException for an error result
     */
    T orThrow();

    /**
     * The errno, or null for success.
     *
     * @return the errno
     */
    Errno errnoOrNull();

    /**
     * Maps the value of a successful result.
     *
     * @param f   the mapping
     * @param <R> the new type
     * @return the mapped result, or the same error
     */
    <R> Result<R> map(Function<? super T, ? extends R> f);

    /**
     * A value.
     *
     * @param value the value
     * @param <T>   its type
     */
    record Ok<T>(T value) implements Result<T> {
        @Override
        public boolean isOk() {
            return true;
        }

        @Override
        public T orThrow() {
            return value;
        }

        @Override
        public Errno errnoOrNull() {
            return null;
        }

        @Override
        public <R> Result<R> map(final Function<? super T, ? extends R> f) {
            return new Ok<>(f.apply(value));
        }
    }

    /**
     * An error.
     *
     * @param errno  the error
     * @param detail which check failed
     * @param <T>    the value type it stands in for
     */
    record Err<T>(Errno errno, String detail) implements Result<T> {
        /**
         * Validates the record.
         *
         * @param errno  the error
         * @param detail which check failed
         */
        public Err {
            Objects.requireNonNull(errno, "errno");
            Objects.requireNonNull(detail, "detail");
        }

        @Override
        public boolean isOk() {
            return false;
        }

        @Override
        public T orThrow() {
            throw new ErrnoException(errno, detail);
        }

        @Override
        public Errno errnoOrNull() {
            return errno;
        }

        @Override
        public <R> Result<R> map(final Function<? super T, ? extends R> f) {
            return new Err<>(errno, detail);
        }
    }
}
