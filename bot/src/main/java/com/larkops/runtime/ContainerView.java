package com.larkops.runtime;

import java.util.List;
import java.util.Optional;

/**
 * A container's state together with its address and DNS aliases on one network, from one inspect: what a
 * health gate needs on each look (is it running, where to probe), and what tells a later route step whether
 * the container holds the service aliases already.
 *
 * @param ip      its IPv4 address on the network; null when not attached (or not running)
 * @param aliases its DNS aliases there; empty when not attached
 */
public record ContainerView(ContainerState state, String ip, List<String> aliases) {
    public ContainerView {
        ip = ip == null || ip.isBlank() ? null : ip;
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
    }

    public Optional<String> address() {
        return Optional.ofNullable(ip);
    }
}
