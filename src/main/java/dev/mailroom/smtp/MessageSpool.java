package dev.mailroom.smtp;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Message data as it arrives: in the heap up to a threshold, then in a file, so a 25 MB
 * message costs a session a small buffer, not 25 MB of heap. Closing deletes the file.
 */
final class MessageSpool extends OutputStream {

	private final Path directory;

	private final int threshold;

	private byte[] memory;

	private int memoryLength;

	private Path file;

	private OutputStream fileOut;

	private long size;

	MessageSpool(Path directory, int threshold) {
		this.directory = directory;
		this.threshold = threshold;
		this.memory = new byte[Math.max(1, Math.min(8192, threshold))];
	}

	@Override
	public void write(int b) throws IOException {
		if (this.fileOut == null && this.memoryLength == this.memory.length) {
			if (this.memory.length >= this.threshold) {
				spillToFile();
			}
			else {
				this.memory = Arrays.copyOf(this.memory, Math.min(this.memory.length * 2, this.threshold));
			}
		}
		if (this.fileOut != null) {
			this.fileOut.write(b);
		}
		else {
			this.memory[this.memoryLength++] = (byte) b;
		}
		this.size++;
	}

	@Override
	public void write(byte[] bytes, int offset, int length) throws IOException {
		if (this.fileOut == null && this.memoryLength + length > this.threshold) {
			spillToFile();
		}
		if (this.fileOut != null) {
			this.fileOut.write(bytes, offset, length);
		}
		else {
			if (this.memoryLength + length > this.memory.length) {
				this.memory = Arrays.copyOf(this.memory,
						Math.min(this.threshold, Math.max(this.memory.length * 2, this.memoryLength + length)));
			}
			System.arraycopy(bytes, offset, this.memory, this.memoryLength, length);
			this.memoryLength += length;
		}
		this.size += length;
	}

	long size() {
		return this.size;
	}

	/** The data written so far; call after the last write. */
	InputStream open() throws IOException {
		if (this.fileOut != null) {
			this.fileOut.flush();
			return Files.newInputStream(this.file);
		}
		return new ByteArrayInputStream(this.memory, 0, this.memoryLength);
	}

	@Override
	public void close() {
		try {
			if (this.fileOut != null) {
				this.fileOut.close();
				this.fileOut = null;
			}
			if (this.file != null) {
				Files.deleteIfExists(this.file);
				this.file = null;
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.memory = new byte[0];
		this.memoryLength = 0;
	}

	private void spillToFile() throws IOException {
		Files.createDirectories(this.directory);
		this.file = Files.createTempFile(this.directory, "smtp-", ".eml");
		this.fileOut = new BufferedOutputStream(Files.newOutputStream(this.file), 65536);
		this.fileOut.write(this.memory, 0, this.memoryLength);
		this.memory = new byte[0];
		this.memoryLength = 0;
	}

}
