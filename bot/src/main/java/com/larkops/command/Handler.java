package com.larkops.command;

/** Runs one command and answers with data; it never talks to Lark itself. */
@FunctionalInterface
public interface Handler {
    Reply handle(Request request);
}
