/** Events the breaker emits (transitions, rejections, outcomes, store health) and the listener that receives them. */
package io.fleetbreaker.event;
