package dev.mailroom.ftp;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;

import dev.mailroom.net.TlsProvider;
import org.apache.ftpserver.ssl.ClientAuth;
import org.apache.ftpserver.ssl.SslConfiguration;

/**
 * Explicit FTPS (AUTH TLS, RFC 4217) with the certificate every mail protocol serves, TLS
 * 1.2 and 1.3 only, on the control and the data connections.
 */
final class FtpTls implements SslConfiguration {

	private final TlsProvider tls;

	FtpTls(TlsProvider tls) {
		this.tls = tls;
	}

	@Override
	public SSLSocketFactory getSocketFactory() {
		return this.tls.serverContext().getSocketFactory();
	}

	@Override
	public SSLContext getSSLContext() {
		return this.tls.serverContext();
	}

	@Override
	public SSLContext getSSLContext(String protocol) {
		return this.tls.serverContext();
	}

	@Override
	public String[] getEnabledCipherSuites() {
		return this.tls.enabledCipherSuites();
	}

	@Override
	public String getEnabledProtocol() {
		return this.tls.enabledProtocols()[0];
	}

	@Override
	public String[] getEnabledProtocols() {
		return this.tls.enabledProtocols();
	}

	@Override
	public ClientAuth getClientAuth() {
		return ClientAuth.NONE;
	}

}
