package com.larkops.command;

/** What a command needs from its caller; each role includes the ones before it. */
public enum Role {
    /** Anyone in an allowed chat: read-only commands. */
    READER,
    /** Listed in roles.deployers (or approvers): changes staging, asks for prod. */
    DEPLOYER,
    /** Listed in roles.approvers: approves prod, applies a prune. */
    APPROVER
}
