package io.rotor.enricher.app;

public final class Main {
    public static void main(String[] args) {
        System.out.println("rotor-lead-enricher");
    }
}
