package dev.mailroom.web;

/** The form that creates an API token. */
public class TokenForm {

	private String name = "";

	public String getName() {
		return this.name;
	}

	public void setName(String name) {
		this.name = name;
	}

}
