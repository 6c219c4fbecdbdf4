/**
 * Deliberately broken copies of ipcring's algorithms, each with the jcstress test of the real
 * algorithm run against it, to prove those tests can fail. Excluded from the CI run (the
 * {@code jcstress.tests} selector of the module's pom); run them with
 * {@code java -jar stress/target/jcstress.jar -t '\.broken\.' -m sanity}. Each class says which
 * mistake it makes and whether it can show on x86 (TSO: only store-load reordering happens in
 * hardware there) or only on weaker hardware such as aarch64.
 */
package io.ipcring.stress.broken;
