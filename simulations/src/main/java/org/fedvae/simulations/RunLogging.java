package org.fedvae.simulations;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Where a run's component logs go: the coordinator's, the sites' and ND4J's lines are for
 * debugging, so they go to run.log in the run folder, and the console keeps only what the command
 * prints for people. {@code --verbose} leaves them on the console as well.
 */
public final class RunLogging implements AutoCloseable {

    /** The start-up lines held back by {@link #holdStartupLines()} until the run folder exists. */
    private static ListAppender<ILoggingEvent> held;
    /** The console appenders taken off meanwhile. */
    private static List<Appender<ILoggingEvent>> heldConsoles = List.of();

    private final Logger root;
    private final List<Appender<ILoggingEvent>> consoles;
    private final FileAppender<ILoggingEvent> file;

    private RunLogging(Logger root, List<Appender<ILoggingEvent>> consoles, FileAppender<ILoggingEvent> file) {
        this.root = root;
        this.consoles = consoles;
        this.file = file;
    }

    /**
     * Takes the log lines of the start-up (ND4J's banner, printed before the run folder is known)
     * off the console and keeps them for run.log; {@link #toFile} writes them there.
     */
    public static synchronized void holdStartupLines() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context) || held != null) {
            return;
        }
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        List<Appender<ILoggingEvent>> consoles = consoleAppenders(root);
        consoles.forEach(root::detachAppender);
        held = new ListAppender<>();
        held.setContext(context);
        held.setName("held-until-run-folder");
        held.start();
        root.addAppender(held);
        heldConsoles = consoles;
    }

    /**
     * From now on every log line goes to {@code file}; to the console too only if {@code verbose}.
     * Closing puts the logging back as it was (for commands run inside tests).
     */
    public static synchronized RunLogging toFile(Path file, boolean verbose) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return new RunLogging(null, List.of(), null); // another logging backend: leave it as configured
        }
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        List<Appender<ILoggingEvent>> consoles = new ArrayList<>(heldConsoles);
        heldConsoles = List.of();
        if (verbose) {
            consoles.forEach(root::addAppender);
            consoles.clear();
        } else {
            List<Appender<ILoggingEvent>> more = consoleAppenders(root);
            more.forEach(root::detachAppender);
            consoles.addAll(more);
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{HH:mm:ss.SSS} %-5level [%thread] %logger{20} - %msg%n");
        encoder.start();
        FileAppender<ILoggingEvent> appender = new FileAppender<>();
        appender.setContext(context);
        appender.setName("run.log");
        appender.setFile(file.toString());
        appender.setAppend(true);
        appender.setEncoder(encoder);
        appender.start();
        if (held != null) {
            root.detachAppender(held);
            held.stop();
            held.list.forEach(appender::doAppend);
            held = null;
        }
        root.addAppender(appender);
        return new RunLogging(root, consoles, appender);
    }

    private static List<Appender<ILoggingEvent>> consoleAppenders(Logger root) {
        List<Appender<ILoggingEvent>> consoles = new ArrayList<>();
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            Appender<ILoggingEvent> a = it.next();
            if (a instanceof ConsoleAppender) {
                consoles.add(a);
            }
        }
        return consoles;
    }

    @Override
    public void close() {
        if (root != null) {
            root.detachAppender(file);
            file.stop();
            consoles.forEach(root::addAppender);
        }
    }
}
