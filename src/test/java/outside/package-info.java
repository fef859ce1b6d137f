/** Values of a "library" outside miniray and outside the test job's packages, for allowlist tests. */
package outside;
