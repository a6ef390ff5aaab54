package dev.mailroom.api;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.mailroom.account.ApiTokenView;
import dev.mailroom.account.ApiTokens;
import dev.mailroom.account.CreatedToken;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The caller's API tokens. A token is created with the password (HTTP Basic) only, so a
 * leaked token cannot make itself more tokens; it is shown once and stored hashed.
 */
@RestController
@RequestMapping("/api/v1/tokens")
@Tag(name = "Tokens", description = "API tokens for Authorization: Bearer")
class TokensController {

	private final ApiTokens tokens;

	TokensController(ApiTokens tokens) {
		this.tokens = tokens;
	}

	record NewToken(@Schema(example = "newsletter app") String name) {
	}

	record Token(long id, String name, @Schema(description = "The first characters after mr_") String prefix,
			@JsonProperty("created_at") Instant createdAt, @JsonProperty("last_used_at") Instant lastUsedAt) {

		static Token of(ApiTokenView view) {
			return new Token(view.id(), view.name(), view.prefix(), view.createdAt(), view.lastUsedAt());
		}

	}

	record Created(long id, String name,
			@Schema(description = "The token itself: shown this once, never again",
					example = "mr_Xq3v9c2b1yq0m6v5rG6oH3m8yJ2kX1w4f7U8p0LZcQe") String token,
			String prefix, @JsonProperty("created_at") Instant createdAt) {

		static Created of(CreatedToken token) {
			return new Created(token.id(), token.name(), token.token(), token.prefix(), token.createdAt());
		}

	}

	@PostMapping
	@Operation(summary = "Create a token (HTTP Basic only)",
			description = "Answers the token once; only its hash is kept. Needs the password: a token cannot create tokens.")
	ResponseEntity<Created> create(ApiUser user, @RequestBody NewToken body) {
		if (user.viaToken()) {
			throw new ApiProblem(Problems.of(HttpStatus.FORBIDDEN, "password-required", "Password required",
					"Tokens are created with the password (HTTP Basic), not with another token"));
		}
		CreatedToken token = this.tokens.create(user.id(), body.name());
		return ResponseEntity.created(URI.create("/api/v1/tokens/" + token.id())).body(Created.of(token));
	}

	@GetMapping
	@Operation(summary = "The caller's working tokens, newest first (never the secrets)")
	List<Token> list(ApiUser user) {
		return this.tokens.list(user.id()).stream().map(Token::of).toList();
	}

	@DeleteMapping("/{id}")
	@Operation(summary = "Revoke a token")
	ResponseEntity<Void> revoke(ApiUser user, @PathVariable long id) {
		if (!this.tokens.revoke(user.id(), id)) {
			throw ApiProblem.notFound("token");
		}
		return ResponseEntity.noContent().build();
	}

}
