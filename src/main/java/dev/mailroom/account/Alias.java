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

/** Another address of a user: mail to it lands in that user's mailbox. */
@Entity
@Table(name = "aliases")
class Alias {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(nullable = false, unique = true)
	private String email;

	@ManyToOne(fetch = FetchType.LAZY, optional = false)
	@JoinColumn(name = "domain_id")
	private Domain domain;

	@ManyToOne(fetch = FetchType.LAZY, optional = false)
	@JoinColumn(name = "user_id")
	private User user;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	protected Alias() {
	}

	Alias(String email, Domain domain, User user, Instant createdAt) {
		this.email = email;
		this.domain = domain;
		this.user = user;
		this.createdAt = createdAt;
	}

	String getEmail() {
		return this.email;
	}

	User getUser() {
		return this.user;
	}

	AliasView toView() {
		return new AliasView(this.email, this.user.getEmail(), this.createdAt);
	}

}
