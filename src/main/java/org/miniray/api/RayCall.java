package org.miniray.api;

/** PLACEHOLDER: replaced by the generated overloads (RayCallGenerator). */
class RayCall {
  RayCall() {}
}
