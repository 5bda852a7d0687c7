package com.larkops.runtime;

/** The registry (or the local store) has no such image; callers tell "wrong digest" apart from "engine failed". */
public class ImageNotFoundException extends RuntimeOperationException {
    public ImageNotFoundException(String message) {
        super(message);
    }
}
