package io.asyncio4j.samples.crawler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SeenUrlsTest {
    @Test
    void aMillionUrls_eachSeenOnce() {
        SeenUrls seen = new SeenUrls();
        int n = 1_000_000;
        for (int i = 0; i < n; i++) {
            assertThat(seen.add("http://127.0.0.1:8080/page/" + i)).isTrue();
        }
        for (int i = 0; i < n; i += 997) {
            assertThat(seen.add("http://127.0.0.1:8080/page/" + i)).isFalse();
            assertThat(seen.contains("http://127.0.0.1:8080/page/" + i)).isTrue();
        }
        assertThat(seen.contains("http://127.0.0.1:8080/page/" + n)).isFalse();
        assertThat(seen.size()).isEqualTo(n);
    }

    @Test
    void fingerprintsDifferForNearlyEqualUrls() {
        assertThat(SeenUrls.fingerprint("http://h/a")).isNotEqualTo(SeenUrls.fingerprint("http://h/b"))
                .isNotEqualTo(SeenUrls.fingerprint("http://h/a/")).isNotZero();
    }
}
