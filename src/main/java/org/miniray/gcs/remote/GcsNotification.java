package org.miniray.gcs.remote;

/** A change pushed to a subscriber: which subscription, and the new entry. */
public record GcsNotification(long subscription, Object entry) {}
