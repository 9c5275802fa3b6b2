package io.asyncio4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.asyncio4j.testing.ApiListing;

import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Guards the facade's public surface (STYLE.md "Public vs internal"; kotlinx's {@code api/*.api}
 * dumps, trio's {@code test_exports.py}).
 *
 * <ul>
 *   <li>No Kotlin ({@code kotlin.*}) or engine ({@code io.asyncio4j.engine.*}) type may appear anywhere in a
 *       public or protected signature of a public class of {@code io.asyncio4j}: superclass, interfaces,
 *       type-parameter bounds, fields, constructors, methods (parameters, results, exceptions), at any depth
 *       of generics.</li>
 *   <li>The surface is diffed against the committed listing {@code facade-java/api/asyncio4j-facade.api}.
 *       After an intended API change, regenerate it and commit the diff with the change:
 *       <pre>mvn -q -pl facade-java -am verify -Dtest=PublicSurfaceTest -Dsurefire.failIfNoSpecifiedTests=false -Dasyncio4j.updateApi=true</pre></li>
 * </ul>
 */
@Timeout(30)
class PublicSurfaceTest {
    private static final String PACKAGE = "io.asyncio4j";
    private static final List<String> FORBIDDEN = List.of("kotlin.", "kotlinx.", "io.asyncio4j.engine.");

    @Test
    void noKotlinOrEngineTypeInAnyPublicSignature() throws Exception {
        List<String> leaks = new ArrayList<>();
        List<Class<?>> classes = publicClasses();
        assertThat(classes).contains(Async.class, Task.class, TaskGroup.class, EventLoop.class);
        for (Class<?> c : classes) {
            check(c.getName() + " extends", c.getGenericSuperclass(), leaks);
            for (Type i : c.getGenericInterfaces()) {
                check(c.getName() + " implements", i, leaks);
            }
            for (TypeVariable<?> v : c.getTypeParameters()) {
                check(c.getName() + " type parameter " + v, v, leaks);
            }
            for (Field f : c.getDeclaredFields()) {
                if (ApiListing.exposed(f)) {
                    check(f.toGenericString(), f.getGenericType(), leaks);
                }
            }
            List<Executable> executables = new ArrayList<>(List.of(c.getDeclaredConstructors()));
            executables.addAll(List.of(c.getDeclaredMethods()));
            for (Executable e : executables) {
                if (!ApiListing.exposed(e)) {
                    continue;
                }
                String where = e.toGenericString();
                if (e instanceof Method m) {
                    check(where + " returns", m.getGenericReturnType(), leaks);
                }
                for (Type p : e.getGenericParameterTypes()) {
                    check(where + " parameter", p, leaks);
                }
                for (Type x : e.getGenericExceptionTypes()) {
                    check(where + " throws", x, leaks);
                }
                for (TypeVariable<?> v : e.getTypeParameters()) {
                    check(where + " type parameter", v, leaks);
                }
            }
        }
        assertThat(leaks).as("Kotlin or engine types in the public Java API").isEmpty();
    }

    @Test
    void publicSurfaceMatchesTheCommittedListing() throws Exception {
        String actual = ApiListing.listing(publicClasses(), ApiListing::exposed);
        ApiListing.assertMatchesCommitted(ApiListing.committedFile("asyncio4j-facade.api"), actual);
    }

    private static void check(String where, Type t, List<String> leaks) {
        check(where, t, leaks, new HashSet<>());
    }

    private static void check(String where, Type t, List<String> leaks, Set<Type> seen) {
        if (t == null || !seen.add(t)) {
            return;
        }
        if (t instanceof Class<?> c) {
            while (c.isArray()) {
                c = c.getComponentType();
            }
            for (String prefix : FORBIDDEN) {
                if (c.getName().startsWith(prefix)) {
                    leaks.add(where + ": " + c.getName());
                }
            }
        } else if (t instanceof ParameterizedType p) {
            check(where, p.getRawType(), leaks, seen);
            check(where, p.getOwnerType(), leaks, seen);
            for (Type a : p.getActualTypeArguments()) {
                check(where, a, leaks, seen);
            }
        } else if (t instanceof WildcardType w) {
            for (Type b : w.getUpperBounds()) {
                check(where, b, leaks, seen);
            }
            for (Type b : w.getLowerBounds()) {
                check(where, b, leaks, seen);
            }
        } else if (t instanceof TypeVariable<?> v) {
            for (Type b : v.getBounds()) {
                check(where, b, leaks, seen);
            }
        } else if (t instanceof GenericArrayType g) {
            check(where, g.getGenericComponentType(), leaks, seen);
        }
    }

    /** Every public top-level or public nested class of the facade package. */
    static List<Class<?>> publicClasses() throws Exception {
        return ApiListing.publicClasses(Async.class, PACKAGE);
    }
}
