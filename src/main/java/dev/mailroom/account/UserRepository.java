package dev.mailroom.account;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

interface UserRepository extends JpaRepository<User, Long> {

	Optional<User> findByEmail(String email);

	boolean existsByEmail(String email);

	boolean existsByAdminTrue();

	Optional<User> findFirstByAdminTrueOrderByIdAsc();

	long countByDomain(Domain domain);

	List<User> findAllByOrderByEmailAsc();

}
