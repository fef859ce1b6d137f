/**
 * Configuration: one {@link org.miniray.config.MinirayConfig} object whose every key
 * ({@link org.miniray.config.ConfigKey}, listed in {@link org.miniray.config.Keys}) has a
 * default and can be set from code, from {@code -Dminiray.*} system properties, or from a
 * {@code miniray.properties} file, in that order of precedence.
 *
 * <p>Each component is chosen by a key whose value is a built-in name or a fully qualified
 * class name ({@link org.miniray.config.ComponentSelector}); this is how a student's
 * implementation plugs in (every lab). An unknown value is an error listing the built-in
 * names.
 */
package org.miniray.config;
