#!/usr/bin/python3
"""Write the seeds of the strtab_cache fuzz target (small on purpose: the
real caches have at least 2^16 slots, too big for a fuzz corpus):
    /usr/bin/python3 tests/fuzz/make_strtab_cache_seeds.py
Each seed is one mode byte (1: every key needs a value, as for names; 0:
not, as for compounds) and a block laid out as libreader/util/strtab.h
says: the cache header, cap/n/pool_len, keys[cap], vals[cap], the pool;
keys placed by FNV-1a with linear probing, as the builders place them."""
import os
import struct

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus", "strtab_cache")


def fnv1a(b):
    h = 1469598103934665603
    for c in b:
        h = ((h ^ c) * 1099511628211) & 0xFFFFFFFFFFFFFFFF
    return h


def block(pairs, cap, magic):
    keys, vals, pool = [0] * cap, [0] * cap, bytearray(b"\0")
    for k, v in pairs:
        kb, vb = k.encode(), v.encode()
        j = fnv1a(kb) & (cap - 1)
        while keys[j]:
            j = (j + 1) & (cap - 1)
        keys[j] = len(pool)
        pool += kb + b"\0"
        if vb:
            vals[j] = len(pool)
            pool += vb + b"\0"
    body = struct.pack("<QQQ", cap, len(pairs), len(pool))
    body += struct.pack("<%dI" % cap, *keys) + struct.pack("<%dI" % cap, *vals) + bytes(pool)
    total = 88 + len(body)
    head = magic + struct.pack("<IIQ", 1, 0x01020304, total) + bytes(64)
    return head + body


def main():
    os.makedirs(OUT, exist_ok=True)
    compounds = [("舟下り", "ふなくだり"), ("行方", ""), ("日本", "にほん")]
    names = [("安平", "@あんぺい,Aやすひら"), ("立川", "Bたちかわ"), ("立川市", "Bたちかわし")]
    seeds = {
        "compounds-8": b"\0" + block(compounds, 8, b"RDCMPND\0"),
        "names-8": b"\1" + block(names, 8, b"RDNAMES\0"),
        "names-4-full": b"\1" + block(names + [("日田", "Cひた")], 4, b"RDNAMES\0"),
        "empty-1": b"\0" + block([], 1, b"RDCMPND\0"),
    }
    for name, data in seeds.items():
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(data)


main()
