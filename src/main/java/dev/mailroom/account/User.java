package dev.mailroom.account;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** A person with a mailbox: the row behind {@link UserAccount}. */
@Entity
@Table(name = "users")
class User {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(nullable = false, unique = true)
	private String email;

	@ManyToOne(fetch = FetchType.LAZY, optional = false)
	@JoinColumn(name = "domain_id")
	private Domain domain;

	@Column(name = "display_name")
	private String displayName;

	@Column(name = "password_hash", nullable = false)
	private String passwordHash;

	@Column(nullable = false)
	private boolean admin;

	@Column(name = "quota_bytes", nullable = false)
	private long quotaBytes;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	protected User() {
	}

	User(String email, Domain domain, String displayName, String passwordHash, boolean admin, long quotaBytes,
			Instant createdAt) {
		this.email = email;
		this.domain = domain;
		this.displayName = displayName;
		this.passwordHash = passwordHash;
		this.admin = admin;
		this.quotaBytes = quotaBytes;
		this.createdAt = createdAt;
	}

	Long getId() {
		return this.id;
	}

	String getEmail() {
		return this.email;
	}

	String getPasswordHash() {
		return this.passwordHash;
	}

	void setPasswordHash(String passwordHash) {
		this.passwordHash = passwordHash;
	}

	void setDisplayName(String displayName) {
		this.displayName = displayName;
	}

	boolean isAdmin() {
		return this.admin;
	}

	UserAccount toAccount() {
		return new UserAccount(this.id, this.email, this.displayName, this.admin, this.quotaBytes, this.createdAt);
	}

}
