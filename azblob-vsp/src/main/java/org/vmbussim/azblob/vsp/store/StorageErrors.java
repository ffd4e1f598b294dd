package org.vmbussim.azblob.vsp.store;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Blob service errors the engine answers with; codes and messages as Azure Storage (and Azurite)
 * send them, so that clients and the differential test see the same text.
 */
final class StorageErrors {
    private StorageErrors() {
    }

    private static Map<String, String> ordered(final String k1, final String v1, final String k2, final String v2) {
        final Map<String, String> m = new LinkedHashMap<>();
        m.put(k1, v1);
        m.put(k2, v2);
        return m;
    }

    static StorageException containerNotFound() {
        return new StorageException(404, "ContainerNotFound", "The specified container does not exist.");
    }

    static StorageException containerAlreadyExists() {
        return new StorageException(409, "ContainerAlreadyExists", "The specified container already exists.");
    }

    static StorageException blobNotFound() {
        return new StorageException(404, "BlobNotFound", "The specified blob does not exist.");
    }

    static StorageException blobAlreadyExists() {
        return new StorageException(409, "BlobAlreadyExists", "The specified blob already exists.");
    }

    static StorageException resourceNotFound() {
        return new StorageException(404, "ResourceNotFound", "The specified resource does not exist.");
    }

    static StorageException conditionNotMet() {
        return new StorageException(412, "ConditionNotMet",
                "The condition specified using HTTP conditional header(s) is not met.");
    }

    static StorageException notModified() {
        return new StorageException(304, "ConditionNotMet",
                "The condition specified using HTTP conditional header(s) is not met.");
    }

    static StorageException unsatisfiableCondition() {
        return new StorageException(400, "UnsatisfiableCondition",
                "The request includes an unsatisfiable condition for this operation.");
    }

    static StorageException invalidRange(final long size) {
        return new StorageException(416, "InvalidRange",
                "The range specified is invalid for the current size of the resource.",
                Map.of(), Map.of("Content-Range", "bytes */" + size));
    }

    static StorageException md5Mismatch(final String userMd5, final String serverMd5) {
        return new StorageException(400, "Md5Mismatch",
                "The MD5 value specified in the request did not match with the MD5 value calculated by the server.",
                ordered("UserSpecifiedMd5", userMd5, "ServerCalculatedMd5", serverMd5), Map.of());
    }

    static StorageException invalidMd5() {
        return new StorageException(400, "InvalidMd5", "The MD5 value specified in the request is invalid. "
                + "The MD5 value must be 128 bits and Base64-encoded.");
    }

    static StorageException invalidBlockList() {
        return new StorageException(400, "InvalidBlockList", "The specified block list is invalid.");
    }

    static StorageException invalidXml() {
        return new StorageException(400, "InvalidXmlDocument", "XML specified is not syntactically valid.");
    }

    static StorageException invalidResourceName() {
        return new StorageException(400, "InvalidResourceName",
                "The specified resource name contains invalid characters.");
    }

    static StorageException invalidQueryParameter(final String name, final String value) {
        return new StorageException(400, "InvalidQueryParameterValue",
                "Value for one of the query parameters specified in the request URI is invalid.",
                name == null ? Map.of() : ordered("QueryParameterName", name, "QueryParameterValue", value),
                Map.of());
    }

    static StorageException outOfRangeQueryParameter(final String name, final String value) {
        return new StorageException(400, "OutOfRangeQueryParameterValue",
                "One of the query parameters specified in the request URI is outside the permissible range.",
                ordered("QueryParameterName", name, "QueryParameterValue", value), Map.of());
    }

    static StorageException invalidHeaderValue(final String name, final String value) {
        return new StorageException(400, "InvalidHeaderValue",
                "The value for one of the HTTP headers is not in the correct format.",
                ordered("HeaderName", name, "HeaderValue", value), Map.of());
    }

    static StorageException missingRequiredHeader(final String name) {
        return new StorageException(400, "MissingRequiredHeader",
                "An HTTP header that's mandatory for this request is not specified.",
                Map.of("HeaderName", name), Map.of());
    }

    static StorageException invalidUri() {
        return new StorageException(400, "InvalidUri",
                "The requested URI does not represent any resource on the server.");
    }

    static StorageException unsupportedVerb() {
        return new StorageException(405, "UnsupportedHttpVerb", "The resource doesn't support specified Http Verb.");
    }

    static StorageException authorizationFailure() {
        return new StorageException(403, "AuthorizationFailure", "Server failed to authenticate the request. "
                + "Make sure the value of the Authorization header is formed correctly including the signature.");
    }

    static StorageException requestBodyTooLarge() {
        return new StorageException(413, "RequestBodyTooLarge",
                "The request body is too large and exceeds the maximum permissible limit.");
    }

    static StorageException blockCountExceedsLimit() {
        return new StorageException(409, "BlockCountExceedsLimit",
                "The uncommitted block count cannot exceed the maximum limit of 100,000 blocks.");
    }

    // Lease errors: codes and statuses of the Blob service; messages as Azurite 3.37 sends them (Azure's
    // differ only in wording), so that the differential test compares whole bodies.

    static StorageException leaseIdMissing() {
        return new StorageException(412, "LeaseIdMissing",
                "There is currently a lease on the blob and no lease ID was specified in the request.");
    }

    static StorageException leaseIdMismatchWithBlobOperation() {
        return new StorageException(412, "LeaseIdMismatchWithBlobOperation",
                "The lease ID specified did not match the lease ID for the blob.");
    }

    static StorageException leaseNotPresentWithBlobOperation() {
        return new StorageException(412, "LeaseNotPresentWithBlobOperation",
                "A lease ID was specified, but the lease for the blob has expired.");
    }

    static StorageException containerLeaseIdMissing() {
        return new StorageException(412, "LeaseIdMissing",
                "There is currently a lease on the container and no lease ID was specified in the request.");
    }

    static StorageException leaseIdMismatchWithContainerOperation() {
        return new StorageException(412, "LeaseIdMismatchWithContainerOperation",
                "The lease ID specified did not match the lease ID for the container.");
    }

    static StorageException leaseNotPresentWithContainerOperation() {
        return new StorageException(412, "LeaseNotPresentWithContainerOperation",
                "A lease ID was specified, but the lease for the container has expired.");
    }

    static StorageException leaseAlreadyPresent() {
        return new StorageException(409, "LeaseAlreadyPresent", "There is already a lease present.");
    }

    static StorageException leaseIdMismatchWithLeaseOperation() {
        return new StorageException(409, "LeaseIdMismatchWithLeaseOperation",
                "The lease ID specified did not match the lease ID for the container or blob.");
    }

    static StorageException leaseNotPresentWithLeaseOperation() {
        return new StorageException(409, "LeaseNotPresentWithLeaseOperation",
                "There is currently no lease on the container or blob.");
    }

    static StorageException leaseIsBrokenAndCannotBeRenewed() {
        return new StorageException(409, "LeaseIsBrokenAndCannotBeRenewed",
                "The lease ID matched, but the lease has been broken explicitly and cannot be renewed.");
    }

    static StorageException leaseIsBreakingAndCannotBeChanged() {
        return new StorageException(409, "LeaseIsBreakingAndCannotBeChanged",
                "The lease ID matched, but the lease is currently in breaking state and cannot be changed.");
    }

    static StorageException leaseIsBreakingAndCannotBeAcquired() {
        return new StorageException(409, "LeaseIsBreakingAndCannotBeAcquired", "The lease ID matched, but the lease "
                + "is currently in breaking state and cannot be acquired until it is broken.");
    }

    static StorageException internalError() {
        return new StorageException(500, "InternalError",
                "The server encountered an internal error. Please retry the request.");
    }
}
