package dev.mailroom.net;

import java.io.IOException;

/**
 * A line was longer than the listener allows. The rest of it has been read and discarded,
 * so the session can answer and read the next line.
 */
public class LineTooLongException extends IOException {

	LineTooLongException(int maxLineLength) {
		super("Line longer than " + maxLineLength + " bytes");
	}

}
