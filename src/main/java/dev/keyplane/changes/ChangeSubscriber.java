package dev.keyplane.changes;

/**
 * A cache that forgets what a {@link Change} made stale. Subscribers are CDI beans, found by {@link ChangeBus}; each
 * is told of every change, published here or on another replica, and of {@link Change.Kind#EVERYTHING} after a lost
 * channel. {@link #onChange} runs on an event loop: it must only drop entries.
 */
public interface ChangeSubscriber {

    void onChange(Change change);
}
