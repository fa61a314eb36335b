package dev.keyplane.architecture.planted.a;

import dev.keyplane.architecture.planted.b.PlantedB;

/** Half of a planted package cycle: PackageGraphTest proves its rule finds one. */
public class PlantedA {
    PlantedB other;
}
