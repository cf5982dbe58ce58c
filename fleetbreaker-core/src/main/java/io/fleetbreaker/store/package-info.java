/** The store SPI: five atomic single-key operations that the fleet protocol is built on, and an in-memory store. */
package io.fleetbreaker.store;
