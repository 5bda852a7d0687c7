package com.larkops.release;

import com.larkops.model.Digest;
import com.larkops.model.Env;

/** What a deploy puts live: a digest resolved once, with the version humans know it by. */
public record Target(String service, Env env, Digest digest, String version, String image) {
}
