package dev.keyplane.architecture.planted.b;

import dev.keyplane.architecture.planted.a.PlantedA;

/** The other half of the planted package cycle. */
public class PlantedB {
    PlantedA other;
}
