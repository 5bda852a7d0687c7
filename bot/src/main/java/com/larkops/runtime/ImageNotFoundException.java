package com.larkops.runtime;

import com.larkops.i18n.Text;

/** The registry (or the local store) has no such image; callers tell "wrong digest" apart from "engine failed". */
public class ImageNotFoundException extends RuntimeOperationException {
    public ImageNotFoundException(Text text) {
        super(text);
    }
}
