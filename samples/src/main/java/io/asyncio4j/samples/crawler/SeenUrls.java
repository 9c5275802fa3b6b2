package io.asyncio4j.samples.crawler;

/**
 * The set of URLs a crawl has seen, as 64-bit fingerprints in one open-addressing {@code long[]}
 * (as Scrapy keeps request fingerprints rather than URLs): 16 bytes a URL at most instead of the
 * ~120 of a {@code HashSet<String>} entry, so that a million URLs take 16 MiB. Two URLs share a
 * fingerprint with a chance of about n²/2⁶⁵ (3·10⁻⁸ for a million): the second would be taken for
 * seen. Confined to the crawl's loop.
 */
final class SeenUrls {
    private long[] slots = new long[1 << 12];
    private int size;

    /** @return whether {@code url} was not in the set (it is now) */
    boolean add(String url) {
        long h = fingerprint(url);
        if (size * 2 >= slots.length) {
            grow();
        }
        return insert(slots, h);
    }

    /** @return whether {@code url} is in the set */
    boolean contains(String url) {
        long h = fingerprint(url);
        int mask = slots.length - 1;
        for (int i = (int) h & mask; ; i = (i + 1) & mask) {
            if (slots[i] == 0) {
                return false;
            }
            if (slots[i] == h) {
                return true;
            }
        }
    }

    int size() {
        return size;
    }

    private boolean insert(long[] table, long h) {
        int mask = table.length - 1;
        for (int i = (int) h & mask; ; i = (i + 1) & mask) {
            if (table[i] == 0) {
                table[i] = h;
                size++;
                return true;
            }
            if (table[i] == h) {
                return false;
            }
        }
    }

    private void grow() {
        long[] old = slots;
        slots = new long[old.length * 2];
        size = 0;
        for (long h : old) {
            if (h != 0) {
                insert(slots, h);
            }
        }
    }

    /** 64-bit FNV-1a over the characters, then MurmurHash3's finaliser; never 0 (0 marks an empty slot). */
    static long fingerprint(String url) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0, n = url.length(); i < n; i++) {
            h ^= url.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h == 0 ? 1 : h;
    }
}
