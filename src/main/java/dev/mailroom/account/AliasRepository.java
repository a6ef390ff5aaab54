package dev.mailroom.account;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

interface AliasRepository extends JpaRepository<Alias, Long> {

	Optional<Alias> findByEmail(String email);

	boolean existsByEmail(String email);

	long countByDomain(Domain domain);

	List<Alias> findAllByOrderByEmailAsc();

}
