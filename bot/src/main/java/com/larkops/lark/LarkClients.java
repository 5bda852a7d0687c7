package com.larkops.lark;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.lark.oapi.Client;
import com.lark.oapi.core.cache.ICache;

import java.util.concurrent.TimeUnit;

/** Builds the SDK client: our base URL, our timeouts, and a token cache of its own (the SDK's is JVM-global). */
public final class LarkClients {
    private LarkClients() {
    }

    public static Client create(String appId, String appSecret, String baseUrl) {
        return Client.newBuilder(appId, appSecret)
                .openBaseUrl(baseUrl)
                .requestTimeout(5, TimeUnit.SECONDS)
                .tokenCache(new TokenCache())
                .build();
    }

    /** Per-client tenant-token cache honouring each entry's own expiry. */
    static final class TokenCache implements ICache {
        private record Entry(String value, long ttlNanos) {
        }

        private final Cache<String, Entry> cache = Caffeine.newBuilder()
                .maximumSize(100)
                .expireAfter(new Expiry<String, Entry>() {
                    public long expireAfterCreate(String k, Entry e, long now) {
                        return e.ttlNanos();
                    }

                    public long expireAfterUpdate(String k, Entry e, long now, long current) {
                        return e.ttlNanos();
                    }

                    public long expireAfterRead(String k, Entry e, long now, long current) {
                        return current;
                    }
                })
                .build();

        @Override
        public String get(String key) {
            Entry e = cache.getIfPresent(key);
            return e == null ? "" : e.value();
        }

        @Override
        public void set(String key, String value, int expire, TimeUnit unit) {
            cache.put(key, new Entry(value, unit.toNanos(expire)));
        }
    }
}
