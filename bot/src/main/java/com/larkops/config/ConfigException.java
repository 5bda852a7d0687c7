package com.larkops.config;

/** A setting is missing or wrong; the message names the key and what is expected. The bot stops on it. */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
