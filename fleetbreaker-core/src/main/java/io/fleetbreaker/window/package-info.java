/** The fleet window: counts per time bucket, summed over the fleet by the store's atomic counters. */
package io.fleetbreaker.window;
