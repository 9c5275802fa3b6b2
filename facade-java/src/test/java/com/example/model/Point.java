package com.example.model;

import java.io.Serializable;

/**
 * A value of an application's model package, for the Javadoc example of
 * {@code WorkerOptions.allowClasses}: jobs written elsewhere return it from worker processes.
 *
 * @param x the x coordinate
 * @param y the y coordinate
 */
public record Point(int x, int y) implements Serializable {}
