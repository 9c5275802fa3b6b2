package io.asyncio4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The public-surface checks of STYLE.md "Public vs internal", for any module's API package (kotlinx's
 * {@code api/*.api} dumps, trio's {@code test_exports.py}); used by the facade's {@link PublicSurfaceTest}
 * and by the other modules' surface tests through the facade's test jar.
 *
 * <ul>
 *   <li>{@link #forbiddenTypes}: no Kotlin ({@code kotlin.*}) or engine ({@code io.asyncio4j.engine.*}) type may
 *       appear anywhere in a public or protected signature of a public class of the package: superclass,
 *       interfaces, type-parameter bounds, fields, constructors, methods (parameters, results, exceptions), at
 *       any depth of generics.</li>
 *   <li>{@link #assertMatchesListing}: the surface is diffed against the module's committed listing
 *       {@code api/<apiFile>}. After an intended API change, regenerate it by running the module's surface test
 *       with {@code -Dasyncio4j.updateApi=true} and commit the diff with the change.</li>
 * </ul>
 */
public final class ApiSurface {
    private static final List<String> FORBIDDEN = List.of("kotlin.", "kotlinx.", "io.asyncio4j.engine.");

    private ApiSurface() {
    }

    /** Every Kotlin or engine type in a public signature of package {@code pkg} (loaded where {@code anchor} was), as "where: type". */
    public static List<String> forbiddenTypes(Class<?> anchor, String pkg) throws Exception {
        List<String> leaks = new ArrayList<>();
        for (Class<?> c : publicClasses(anchor, pkg)) {
            check(c.getName() + " extends", c.getGenericSuperclass(), leaks);
            for (Type i : c.getGenericInterfaces()) {
                check(c.getName() + " implements", i, leaks);
            }
            for (TypeVariable<?> v : c.getTypeParameters()) {
                check(c.getName() + " type parameter " + v, v, leaks);
            }
            for (Field f : c.getDeclaredFields()) {
                if (exposed(f)) {
                    check(f.toGenericString(), f.getGenericType(), leaks);
                }
            }
            List<Executable> executables = new ArrayList<>(List.of(c.getDeclaredConstructors()));
            executables.addAll(List.of(c.getDeclaredMethods()));
            for (Executable e : executables) {
                if (!exposed(e)) {
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
        return leaks;
    }

    /** Fails with a diff unless the surface of {@code pkg} equals the committed {@code api/<apiFile>} (or writes it, with -Dasyncio4j.updateApi=true). */
    public static void assertMatchesListing(Class<?> anchor, String pkg, String apiFile) throws Exception {
        String actual = listing(anchor, pkg);
        Path file = Path.of(System.getProperty("basedir", ".")).resolve("api").resolve(apiFile);
        if (Boolean.getBoolean("asyncio4j.updateApi")) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, actual, StandardCharsets.UTF_8);
            return;
        }
        assertThat(file).as("the committed API listing; generate it with -Dasyncio4j.updateApi=true (see this test's Javadoc)").exists();
        String expected = Files.readString(file, StandardCharsets.UTF_8);
        if (!expected.equals(actual)) {
            Set<String> was = new TreeSet<>(expected.lines().toList());
            Set<String> is = new TreeSet<>(actual.lines().toList());
            List<String> diff = new ArrayList<>();
            is.stream().filter(l -> !was.contains(l)).forEach(l -> diff.add("+ " + l));
            was.stream().filter(l -> !is.contains(l)).forEach(l -> diff.add("- " + l));
            throw new AssertionError("The public API differs from " + file + " (regenerate with -Dasyncio4j.updateApi=true "
                    + "if the change is intended, and commit it):\n" + String.join("\n", diff));
        }
    }

    /** One line per public class and per public/protected member, in a stable order. */
    static String listing(Class<?> anchor, String pkg) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (Class<?> c : publicClasses(anchor, pkg)) {
            sb.append(c.toGenericString());
            if (c.getGenericSuperclass() != null && c.getGenericSuperclass() != Object.class && !c.isEnum()) {
                sb.append(" extends ").append(c.getGenericSuperclass().getTypeName());
            }
            List<String> interfaces = Stream.of(c.getGenericInterfaces()).map(Type::getTypeName).toList();
            if (!interfaces.isEmpty()) {
                sb.append(c.isInterface() ? " extends " : " implements ").append(String.join(", ", interfaces));
            }
            sb.append(" {\n");
            TreeSet<String> members = new TreeSet<>();
            for (Field f : c.getDeclaredFields()) {
                if (exposed(f)) {
                    members.add(f.toGenericString());
                }
            }
            for (Constructor<?> k : c.getDeclaredConstructors()) {
                if (exposed(k)) {
                    members.add(k.toGenericString());
                }
            }
            for (Method m : c.getDeclaredMethods()) {
                if (exposed(m)) {
                    members.add(m.toGenericString());
                }
            }
            members.forEach(m -> sb.append("    ").append(m).append('\n'));
            sb.append("}\n\n");
        }
        return sb.toString();
    }

    private static boolean exposed(Member m) {
        int mod = m.getModifiers();
        boolean synthetic = m.isSynthetic() || (m instanceof Method method && method.isBridge());
        return !synthetic && (Modifier.isPublic(mod) || Modifier.isProtected(mod));
    }

    static void check(String where, Type t, List<String> leaks) {
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

    /** Every public top-level or public nested class of package {@code pkg}, found where {@code anchor} was loaded from. */
    public static List<Class<?>> publicClasses(Class<?> anchor, String pkg) throws IOException, URISyntaxException, ClassNotFoundException {
        Path root = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> names = new ArrayList<>();
        String dir = pkg.replace('.', '/') + "/";
        if (Files.isDirectory(root)) {
            try (Stream<Path> files = Files.list(root.resolve(dir))) {
                files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".class"))
                        .forEach(n -> names.add(pkg + "." + n.substring(0, n.length() - ".class".length())));
            }
        } else {
            try (JarFile jar = new JarFile(root.toFile())) {
                for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                    String n = e.nextElement().getName();
                    if (n.startsWith(dir) && n.endsWith(".class") && n.indexOf('/', dir.length()) < 0) {
                        names.add(n.substring(0, n.length() - ".class".length()).replace('/', '.'));
                    }
                }
            }
        }
        List<Class<?>> out = new ArrayList<>();
        for (String n : names) {
            if (n.endsWith("package-info") || n.endsWith("module-info")) {
                continue;
            }
            Class<?> c = Class.forName(n, false, anchor.getClassLoader());
            if (isVisible(c)) {
                out.add(c);
            }
        }
        out.sort((a, b) -> a.getName().compareTo(b.getName()));
        return out;
    }

    private static boolean isVisible(Class<?> c) {
        if (c.isSynthetic() || c.isAnonymousClass() || c.isLocalClass()) {
            return false;
        }
        for (Class<?> k = c; k != null; k = k.getDeclaringClass()) {
            if (!Modifier.isPublic(k.getModifiers()) && !(k != c && Modifier.isProtected(k.getModifiers()))) {
                return false;
            }
        }
        return true;
    }
}
