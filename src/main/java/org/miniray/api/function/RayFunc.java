package org.miniray.api.function;

import java.io.Serializable;

/**
 * The marker of every remote function: a serializable functional interface, so that a method
 * reference such as {@code MyClass::f} can be resolved to its class, name and signature
 * through {@link java.lang.invoke.SerializedLambda}.
 */
public interface RayFunc extends Serializable {}
