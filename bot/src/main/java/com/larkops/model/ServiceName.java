package com.larkops.model;

import com.larkops.i18n.Msg;

import java.util.regex.Pattern;

/** The name of a managed service (the bot itself or a skill); also used in container names. */
public record ServiceName(String value) {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,39}");

    public ServiceName {
        if (value == null || !NAME.matcher(value).matches()) {
            throw new InvalidInputException(Msg.of("command.service.invalid", Text.clip(value)));
        }
    }

    /** Surrounding blanks are ignored. */
    public static ServiceName parse(String text) {
        return new ServiceName(text == null ? null : text.trim());
    }

    @Override
    public String toString() {
        return value;
    }
}
