/** In-framework tests of the JMS bridge against a real Artemis broker; not an API. */
package io.tidings.it.jms;
