package io.asyncio4j.samples.crawler.cluster;

import io.asyncio4j.samples.crawler.IoFailures;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.PfxOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Collections;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The event bus over TLS, with member authentication: each node presents the certificate of its
 * key store and accepts a connection, in or out, only from a node whose certificate its trust store
 * holds (client authentication required). Whoever has a trusted certificate and its key is a member;
 * whoever has not cannot send to a node's consumers nor receive what the nodes send.
 *
 * <p>Stores are PKCS#12 files (keytool's default), opened with one password. The trust store should
 * hold the cluster's certificates only, not a list of public authorities: every certificate it trusts
 * is a member. Without a trust store, the key store's own certificate is the one trusted: all the
 * nodes share one key pair, the simplest set-up. Host names are not checked (Vert.x's event bus does
 * not): membership is the certificate.
 *
 * @param keyStore this node's key and certificate
 * @param trustStore the certificates of the members (may be {@code keyStore})
 * @param password the stores' password
 */
public record ClusterTls(Path keyStore, Path trustStore, String password) {
    /** The environment variable that holds the stores' password (not an option: a command line is public on a machine). */
    public static final String PASSWORD_ENV = "ASYNCIO4J_CLUSTER_KEYSTORE_PASSWORD";

    /** Opens both stores now, so that a wrong path or password is one clear message before the node starts. */
    public ClusterTls {
        Objects.requireNonNull(keyStore, "keyStore");
        Objects.requireNonNull(trustStore, "trustStore");
        Objects.requireNonNull(password, "password");
        KeyStore keys = load(keyStore, password, "--cluster-keystore");
        try {
            if (Collections.list(keys.aliases()).stream().noneMatch(a -> isKey(keys, a))) {
                throw new IllegalArgumentException("--cluster-keystore " + keyStore + " holds no private key (a node needs its "
                        + "own key and certificate: keytool -genkeypair)");
            }
        } catch (java.security.KeyStoreException e) {
            throw new IllegalArgumentException("cannot read --cluster-keystore " + keyStore + ": " + e.getMessage(), e);
        }
        KeyStore trusted = load(trustStore, password, "--cluster-truststore");
        try {
            if (trusted.size() == 0) {
                throw new IllegalArgumentException("--cluster-truststore " + trustStore + " is empty: no node would be trusted");
            }
        } catch (java.security.KeyStoreException e) {
            throw new IllegalArgumentException("cannot read --cluster-truststore " + trustStore + ": " + e.getMessage(), e);
        }
    }

    /**
     * The stores the options name, or null if no key store is given.
     *
     * @param keyStore {@code --cluster-keystore}, or null
     * @param trustStore {@code --cluster-truststore}, or null for the key store
     * @param password the value of {@link #PASSWORD_ENV}, or null
     */
    public static @Nullable ClusterTls of(@Nullable Path keyStore, @Nullable Path trustStore, @Nullable String password) {
        if (keyStore == null) {
            if (trustStore != null) {
                throw new IllegalArgumentException("--cluster-truststore needs --cluster-keystore (this node's own key and certificate)");
            }
            return null;
        }
        if (password == null) {
            throw new IllegalArgumentException("--cluster-keystore needs its password in the environment variable " + PASSWORD_ENV);
        }
        return new ClusterTls(keyStore, trustStore == null ? keyStore : trustStore, password);
    }

    /**
     * Turns TLS on for {@code options}: this node's certificate, the members' certificates, client
     * authentication required, and trust-all off — the event bus's default is on, which would let this
     * node send to any server that answers with any certificate. PfxOptions, not a generic
     * KeyStoreOptions: the event bus builds its client from the options' JSON form, which keeps only
     * the PKCS#12, JKS and PEM option types.
     */
    EventBusOptions apply(EventBusOptions options) {
        return options.setSsl(true).setTrustAll(false)
                .setKeyCertOptions(new PfxOptions().setPath(keyStore.toString()).setPassword(password))
                .setTrustOptions(new PfxOptions().setPath(trustStore.toString()).setPassword(password))
                .setClientAuth(ClientAuth.REQUIRED);
    }

    @Override
    public String toString() {
        return "ClusterTls[keyStore=" + keyStore + ", trustStore=" + trustStore + "]"; // never the password
    }

    private static boolean isKey(KeyStore ks, String alias) {
        try {
            return ks.isKeyEntry(alias);
        } catch (java.security.KeyStoreException e) {
            return false;
        }
    }

    private static KeyStore load(Path file, String password, String option) {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password.toCharArray());
            return ks;
        } catch (IOException e) {
            String why = e.getCause() instanceof java.security.UnrecoverableKeyException ? "wrong password (" + PASSWORD_ENV + ")"
                    : e instanceof java.nio.file.FileSystemException ? IoFailures.reason(e) : e.getMessage();
            throw new IllegalArgumentException("cannot read " + option + " " + file + ": " + why, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read " + option + " " + file + " as PKCS#12: " + e.getMessage(), e);
        }
    }
}
