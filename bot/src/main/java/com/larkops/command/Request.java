package com.larkops.command;

/** Everything a handler gets: the parsed command, who sent it, and a progress channel. */
public record Request(Command command, Caller caller, Progress progress) {
}
