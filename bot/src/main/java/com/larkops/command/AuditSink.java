package com.larkops.command;

/** Where accepted commands are recorded; the store implements it. */
public interface AuditSink {
    void record(AuditEntry entry);
}
