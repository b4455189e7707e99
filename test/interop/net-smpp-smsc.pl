#!/usr/bin/perl
# An independent SMSC for interop tests, built on Debian's Net::SMPP (libnet-smpp-perl), so that
# smpp-send is checked against a PDU codec that is not node-smpp.
#
# Listens on 127.0.0.1 (port 0 = any free port), prints "LISTENING <port>" on stdout, serves any
# number of connections from one process (select loop), and appends one JSON line per received
# PDU (and per connection event) to --log. Exits on SIGTERM/SIGINT, or when its stdin is a pipe
# or socket that reaches EOF (the test runner died).
#
#   perl net-smpp-smsc.pl --system-id ID --password PW --log FILE [--port 0]
#        [--resp-id hex|dec] [--receipt-id hex|dec] [--no-receipt-tlvs] [--id-start N]
#        [--stat DELIVRD] [--err 000] [--receipt-before-resp] [--submit-status N]
#        [--mo FROM:TO:TEXT]... [--late-receipt ID]... [--query-state WORD] [--query-error N]
#        [--final-date YYMMDDhhmmss]
#
# --mo and --late-receipt are delivered (deliver_sm) once, in the order given (all MO first), to
# the first receiver or transceiver that binds, as an SMSC delivers what it held for an account:
# an MO is esm_class 0, data_coding 0, the text as given (ASCII); a late receipt is a receipt
# (--stat, --err, TLVs as for the others) for an id this SMSC never issued. query_sm is answered
# for any id with --query-state (default --stat), --final-date and --query-error (default 0).
use strict;
use warnings;
use Getopt::Long qw(GetOptions);
use IO::Select;
use IO::Handle;
use JSON::PP;
use POSIX qw(strftime);
use Net::SMPP;

my %opt = (
  port => 0, 'resp-id' => 'hex', 'receipt-id' => undef, 'receipt-tlvs' => 1,
  'id-start' => 0x2A0F00, stat => 'DELIVRD', err => '000', 'receipt-before-resp' => 0,
  'submit-status' => 0, mo => [], 'late-receipt' => [], 'query-error' => 0,
  'final-date' => '260130120500',
);
GetOptions(\%opt, 'port=i', 'system-id=s', 'password=s', 'log=s', 'resp-id=s', 'receipt-id=s',
  'receipt-tlvs!', 'id-start=i', 'stat=s', 'err=s', 'receipt-before-resp!', 'submit-status=s',
  'mo=s@', 'late-receipt=s@', 'query-state=s', 'query-error=i', 'final-date=s')
  or die "usage: $0 --system-id ID --password PW --log FILE [--port N] (see the header)\n";
for my $need ('system-id', 'password', 'log') {
  die "missing --$need (see the header of $0)\n" unless defined $opt{$need};
}
$opt{'receipt-id'} //= $opt{'resp-id'};
for my $k ('resp-id', 'receipt-id') {
  die "--$k must be hex or dec, not '$opt{$k}'\n" unless $opt{$k} =~ /^(hex|dec)$/;
}
$opt{'submit-status'} = oct($opt{'submit-status'}) if $opt{'submit-status'} =~ /^0/;

# message_state TLV values (SMPP 3.4 5.2.28) for the receipt's stat: word.
my %STATE = (ENROUTE => 1, DELIVRD => 2, EXPIRED => 3, DELETED => 4, UNDELIV => 5,
  ACCEPTD => 6, UNKNOWN => 7, REJECTD => 8);
die "--stat must be one of " . join(' ', sort keys %STATE) . "\n" unless $STATE{$opt{stat}};
$opt{'query-state'} //= $opt{stat};
die "--query-state must be one of " . join(' ', sort keys %STATE) . "\n" unless $STATE{$opt{'query-state'}};
die "--final-date must be YYMMDDhhmmss\n" unless $opt{'final-date'} =~ /^\d{12}$/;
for (@{$opt{mo}}) { die "--mo must be FROM:TO:TEXT, not '$_'\n" unless /^[^:]+:[^:]+:/ }

my %BIND = (bind_transceiver => 1, bind_transmitter => 1, bind_receiver => 1);
my $ESME_RINVCMDID = 0x03;
my $ESME_RINVBNDSTS = 0x04;
my $ESME_RALYBND = 0x05;
my $ESME_RINVPASWD = 0x0E;
my $ESME_RINVSYSID = 0x0F;

open(my $log, '>>', $opt{log}) or die "cannot open log $opt{log}: $!\n";
$log->autoflush(1);
my $json = JSON::PP->new->canonical->utf8;

# Written before we answer, so a client that has our response can already read its line.
sub log_line { syswrite($log, $json->encode($_[0]) . "\n") }

my $server = Net::SMPP->new_listen('127.0.0.1', port => $opt{port}, smpp_version => 0x34)
  or die "cannot listen on 127.0.0.1:$opt{port}: $!\n";
$| = 1;
print 'LISTENING ', $server->sockport, "\n";

my $sel = IO::Select->new($server);
my $watch_stdin = -p STDIN || -S STDIN;  # node gives children socketpairs, not pipes
$sel->add(\*STDIN) if $watch_stdin;

my %conn;          # fileno => { smpp, id, bound, pending => { seq => message_id } }
my $conn_count = 0;
my $next_id = $opt{'id-start'};
my $stopping = 0;
$SIG{TERM} = $SIG{INT} = sub { $stopping = 1 };

sub fmt_id { my ($n, $how) = @_; $how eq 'hex' ? sprintf('%X', $n) : sprintf('%d', $n) }
sub hex_of { unpack('H*', $_[0] // '') }

# TLVs in wire order (Net::SMPP keeps only the last of a repeated tag, by name and by number).
sub tlvs_of {
  my ($c, $pdu) = @_;
  my $tab = Net::SMPP::pdu_tab->{$pdu->{cmd}} or return [];
  my $off = $tab->{decode}->({ data => $pdu->{data} }, $c->{smpp});
  my @out;
  while ($off + 4 <= length $pdu->{data}) {
    my ($tag, $len) = unpack 'nn', substr($pdu->{data}, $off, 4);
    my $name = Net::SMPP::param_tab->{$tag};
    push @out, { tag => sprintf('0x%04x', $tag), ($name ? (name => $name->{name}) : ()),
      value => hex_of(substr($pdu->{data}, $off + 4, $len)) };
    $off += 4 + $len;
  }
  return \@out;
}

my @BIND_FIELDS = qw(system_id system_type interface_version addr_ton addr_npi address_range);
my @SM_FIELDS = qw(service_type source_addr_ton source_addr_npi source_addr dest_addr_ton
  dest_addr_npi destination_addr esm_class protocol_id priority_flag schedule_delivery_time
  validity_period registered_delivery replace_if_present_flag data_coding sm_default_msg_id);
my @DATA_SM_FIELDS = qw(service_type source_addr_ton source_addr_npi source_addr dest_addr_ton
  dest_addr_npi destination_addr esm_class registered_delivery data_coding);

sub describe {
  my ($c, $pdu) = @_;
  my $name = Net::SMPP::pdu_tab->{$pdu->{cmd}} ? Net::SMPP::pdu_tab->{$pdu->{cmd}}{cmd}
    : sprintf('unknown_0x%08x', $pdu->{cmd});
  my %line = (conn => $c->{id}, command => $name, command_id => sprintf('0x%08x', $pdu->{cmd}),
    status => $pdu->{status}, seq => $pdu->{seq}, body => hex_of($pdu->{data}));
  my @fields = $BIND{$name} ? @BIND_FIELDS
    : $name =~ /^(submit_sm|deliver_sm)$/ ? @SM_FIELDS
    : $name eq 'data_sm' ? @DATA_SM_FIELDS
    : $name =~ /_resp$/ && exists $pdu->{message_id} ? ('message_id') : ();
  $line{$_} = $pdu->{$_} for grep { defined $pdu->{$_} } @fields;
  $line{short_message} = hex_of($pdu->{short_message}) if exists $pdu->{short_message};
  $line{tlvs} = tlvs_of($c, $pdu) if $pdu->{known_pdu};
  return \%line;
}

sub receipt {
  my ($c, $sub, $id, $given) = @_;  # $given: an id as written (late receipts), else formatted from $id
  my $now = strftime('%y%m%d%H%M', localtime);
  my $text = substr($sub->{short_message} // '', 0, 20);
  $text =~ s/[^\x20-\x7e]/./g;  # the receipt is ASCII whatever the message's coding was
  my $text_id = $given // fmt_id($id, $opt{'receipt-id'});
  my $body = "id:$text_id sub:001 dlvrd:" . ($opt{stat} eq 'DELIVRD' ? '001' : '000')
    . " submit date:$now done date:$now stat:$opt{stat} err:$opt{err} text:$text";
  my @tlvs;
  if ($opt{'receipt-tlvs'}) {
    # Net::SMPP writes named TLV values as raw bytes: C-strings need their NUL, octets chr().
    @tlvs = (receipted_message_id => ($given // fmt_id($id, $opt{'resp-id'})) . "\0",
      message_state => chr($STATE{$opt{stat}}));
    push @tlvs, network_error_code => pack('Cn', 3, $opt{err}) if $opt{err} + 0;
  }
  my $seq = $c->{smpp}->deliver_sm(async => 1,
    source_addr_ton => $sub->{dest_addr_ton}, source_addr_npi => $sub->{dest_addr_npi},
    source_addr => $sub->{destination_addr},
    dest_addr_ton => $sub->{source_addr_ton}, dest_addr_npi => $sub->{source_addr_npi},
    destination_addr => $sub->{source_addr},
    esm_class => 0x04, data_coding => 0, registered_delivery => 0,
    short_message => $body, @tlvs);
  $c->{pending}{$seq} = $given // fmt_id($id, $opt{'resp-id'});
}

# What --mo and --late-receipt hold for the account: sent once, to the first receiving bind.
my $held_sent = 0;
sub deliver_held {
  my ($c) = @_;
  return if $held_sent++;
  for my $mo (@{$opt{mo}}) {
    my ($from, $to, $text) = split /:/, $mo, 3;
    my $intl = $from =~ s/^\+//;
    my $seq = $c->{smpp}->deliver_sm(async => 1,
      source_addr_ton => $intl ? 1 : 0, source_addr_npi => $intl ? 1 : 0, source_addr => $from,
      dest_addr_ton => 0, dest_addr_npi => 0, destination_addr => $to,
      esm_class => 0, data_coding => 0, registered_delivery => 0, short_message => $text);
    $c->{pending}{$seq} = "mo:$from";
  }
  for my $id (@{$opt{'late-receipt'}}) {
    receipt($c, { dest_addr_ton => 1, dest_addr_npi => 1, destination_addr => '447700900123',
      source_addr_ton => 5, source_addr_npi => 0, source_addr => 'ACME', short_message => '' }, undef, $id);
  }
}

sub handle {
  my ($c, $pdu) = @_;
  my $s = $c->{smpp};
  my $line = describe($c, $pdu);
  my $cmd = $line->{command};
  my $seq = $pdu->{seq};
  if ($BIND{$cmd}) {
    my $status = $c->{bound} ? $ESME_RALYBND
      : $pdu->{system_id} ne $opt{'system-id'} ? $ESME_RINVSYSID
      : $pdu->{password} ne $opt{password} ? $ESME_RINVPASWD : 0;
    $line->{password_ok} = JSON::PP::true if $pdu->{password} eq $opt{password};
    $line->{password_ok} //= JSON::PP::false;
    $line->{body} = '(not logged: holds the password)';
    $line->{reply_status} = $status;
    log_line($line);
    my $method = "${cmd}_resp";
    $s->$method(seq => $seq, status => $status, system_id => 'NetSMPP');
    $c->{bound} = $cmd unless $status;
    deliver_held($c) if !$status && $cmd ne 'bind_transmitter';
  } elsif ($cmd eq 'enquire_link') {
    log_line($line);
    $s->enquire_link_resp(seq => $seq);
  } elsif ($cmd eq 'unbind') {
    log_line($line);
    $s->unbind_resp(seq => $seq);
    $c->{bound} = undef;
  } elsif ($cmd eq 'submit_sm') {
    my $status = !$c->{bound} || $c->{bound} eq 'bind_receiver' ? $ESME_RINVBNDSTS
      : $opt{'submit-status'};
    my $id = $status ? undef : $next_id++;
    $line->{reply_status} = $status;
    $line->{message_id} = fmt_id($id, $opt{'resp-id'}) if defined $id;
    log_line($line);
    my $wants = defined $id && ($pdu->{registered_delivery} & 0x03)
      && $c->{bound} eq 'bind_transceiver';
    receipt($c, $pdu, $id) if $wants && $opt{'receipt-before-resp'};
    $s->submit_sm_resp(seq => $seq, status => $status,
      message_id => defined $id ? fmt_id($id, $opt{'resp-id'}) : '');
    receipt($c, $pdu, $id) if $wants && !$opt{'receipt-before-resp'};
  } elsif ($cmd eq 'query_sm') {
    $line->{message_id} = $pdu->{message_id};
    $line->{$_} = $pdu->{$_} for grep { defined $pdu->{$_} } qw(source_addr_ton source_addr_npi source_addr);
    my $status = $c->{bound} ? 0 : $ESME_RINVBNDSTS;
    $line->{reply_status} = $status;
    log_line($line);
    $s->query_sm_resp(seq => $seq, status => $status, message_id => $pdu->{message_id},
      final_date => $status ? '' : "$opt{'final-date'}000+",
      message_state => $status ? 0 : $STATE{$opt{'query-state'}}, error_code => $status ? 0 : $opt{'query-error'});
  } elsif ($cmd eq 'deliver_sm_resp') {
    $line->{receipt_for} = delete $c->{pending}{$seq};
    log_line($line);
  } elsif ($pdu->{cmd} & 0x80000000) {
    log_line($line);  # some other response: nothing to answer
  } else {
    $line->{reply_status} = $ESME_RINVCMDID;
    log_line($line);
    $s->generic_nack(seq => $seq, status => $ESME_RINVCMDID);
  }
}

sub close_conn {
  my ($fh, $why) = @_;
  my $c = delete $conn{fileno $fh} or return;
  $sel->remove($fh);
  log_line({ event => 'close', conn => $c->{id}, reason => $why,
    unanswered_receipts => [map { $c->{pending}{$_} } sort { $a <=> $b } keys %{$c->{pending}}] });
  $fh->close;
}

until ($stopping) {
  my @ready = $sel->can_read(1);
  for my $fh (@ready) {
    if ($fh == $server) {
      my $s = $server->accept or next;
      $conn{fileno $s} = { smpp => $s, id => ++$conn_count, bound => undef, pending => {} };
      $sel->add($s);
      log_line({ event => 'connect', conn => $conn_count, peer_port => $s->peerport });
    } elsif ($watch_stdin && $fh == \*STDIN) {
      my $n = sysread(STDIN, my $buf, 4096);
      $stopping = 1 unless $n;
    } else {
      # Blocks until the whole PDU is in; fine for tests on loopback.
      my $pdu = $fh->read_pdu;
      if ($pdu) { handle($conn{fileno $fh}, $pdu) }
      else { close_conn($fh, ${*$fh}{smpperror} // 'eof') }
    }
  }
}
close_conn($_->{smpp}, 'server stopped') for values %conn;
log_line({ event => 'stop' });
exit 0;
