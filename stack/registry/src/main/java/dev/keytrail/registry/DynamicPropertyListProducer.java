package dev.keytrail.registry;

import io.apicurio.common.apps.config.DynamicConfigPropertyList;
import javax.enterprise.inject.Produces;
import javax.inject.Singleton;
import java.util.List;

/**
 * Stands in for apicurio-common-app-components-config-index, whose Quarkus deployment module is
 * not on Maven Central: that extension only publishes the list of runtime-editable properties.
 * The stack's registry needs none, so the list is empty.
 */
public class DynamicPropertyListProducer {
  @Produces
  @Singleton
  DynamicConfigPropertyList dynamicConfigPropertyList() {
    return new DynamicConfigPropertyList(List.of());
  }
}
