package dev.mailroom.net;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.core.task.SimpleAsyncTaskExecutor;

/**
 * Where sessions run: a virtual thread each on Java 21 and later, else a platform daemon
 * thread named {@code <listener>-<n>}.
 */
final class SessionThreads {

	// Sessions only hold a few buffers on the stack; the default 1 MiB (or
	// more) per thread adds up with thousands of idle connections.
	private static final long PLATFORM_STACK_SIZE = 256 * 1024;

	private SessionThreads() {
	}

	static Executor forListener(String name) {
		if (Runtime.version().feature() >= 21) {
			SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor(name + "-");
			executor.setVirtualThreads(true);
			return executor;
		}
		AtomicInteger count = new AtomicInteger();
		return (task) -> {
			Thread thread = new Thread(null, task, name + "-" + count.incrementAndGet(), PLATFORM_STACK_SIZE);
			thread.setDaemon(true);
			thread.start();
		};
	}

}
